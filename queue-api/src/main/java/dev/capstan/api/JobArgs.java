package dev.capstan.api;

/**
 * Marks an arguments class (usually a record) that names its job type with {@link JobType}, so a
 * producer enqueues it without a type string: {@code client.enqueue(new WelcomeEmail(42, "ada@example.com"))}.
 */
public interface JobArgs {
}
