/**
 * The README's code, as programs that compile and run: {@code DocSnippetsTest} keeps every Java block of
 * README.md and docs/ equal to a tagged region ({@code // tag::name[]} .. {@code // end::name[]}) of a
 * file here or elsewhere in the build, and {@code ReadmeExamplesTest} runs the worker and producer
 * mains as separate processes.
 */
package dev.capstan.examples.readme;
