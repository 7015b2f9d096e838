package dev.capstan.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps every {@code ```java} block of README.md and docs/ equal to a region of a compiled source file.
 *
 * <p>The convention: the line right before a block's opening fence is
 * {@code <!-- snippet: path/from/repo/root/File.java#tag -->}; the file is a main or test source of a
 * module of the build, and marks the region with lines {@code // tag::tag[]} and {@code // end::tag[]}.
 * The block is the region without those marker lines (and without the marker lines of other regions
 * nested in it), its common indentation removed. {@link #check} lists every block that breaks this;
 * {@link #update} rewrites the blocks from the sources.
 */
final class DocSnippets {
    static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+?)#([\\w.-]+)\\s*-->\\s*$");
    /** An opening fence: indentation, the fence, the info string (a block is Java when it starts with "java"). */
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*(\\S*).*$");
    private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([\\w.-]+)\\[]\\s*$");
    private static final Pattern SOURCE = Pattern.compile("^(.+)/src/(main|test)/java/.+\\.java$");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private final Path root;
    private Set<String> modules;

    DocSnippets(Path root) {
        this.root = root;
    }

    /** A {@code ```java} block: where it is, what its marker names, and its lines (fence indentation removed). */
    record Block(Path markdown, int fenceLine, String indent, String marker, List<String> lines,
                 int bodyStart, int bodyEnd) {
        String where(Path root) {
            return root.relativize(markdown) + ":" + fenceLine;
        }
    }

    /** The directory holding the root pom ({@code capstan-parent}) and README.md, searched upwards from {@code start}. */
    static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.isRegularFile(dir.resolve("README.md"))
                    && read(pom).contains("<artifactId>capstan-parent</artifactId>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory above " + start.toAbsolutePath()
                + " holds the root pom.xml (capstan-parent) and README.md");
    }

    /** README.md and every other Markdown file at the root, and every Markdown file under docs/. */
    List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> all = Files.walk(docs)) {
                all.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The {@code ```java} blocks of one Markdown file, in order. */
    static List<Block> blocks(Path markdown) {
        List<String> lines = read(markdown).lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(2);
            int close = i + 1;
            while (close < lines.size() && !isClosing(lines.get(close), fence)) {
                close++;
            }
            if (open.group(3).equalsIgnoreCase("java")) {
                String indent = open.group(1);
                List<String> body = new ArrayList<>();
                for (String line : lines.subList(i + 1, Math.min(close, lines.size()))) {
                    body.add(stripTrailing(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()));
                }
                String marker = i > 0 ? lines.get(i - 1) : "";
                blocks.add(new Block(markdown, i + 1, indent, marker, body, i + 1, close)); // body: lines [i+1, close)
            }
            i = close; // skip the block's body, whatever its language: a fence inside it is text
        }
        return blocks;
    }

    private static boolean isClosing(String line, String fence) {
        String t = line.strip();
        return t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** Every violation of the convention, one message each (empty when the docs are in sync). */
    List<String> check() {
        List<String> problems = new ArrayList<>();
        for (Path markdown : markdownFiles()) {
            for (Block block : blocks(markdown)) {
                try {
                    List<String> expected = region(block);
                    if (!expected.equals(block.lines())) {
                        problems.add(mismatch(block, expected));
                    }
                } catch (SnippetException e) {
                    problems.add(block.where(root) + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** Rewrites every block whose marker names an existing region; returns how many blocks changed. */
    int update() {
        int changed = 0;
        for (Path markdown : markdownFiles()) {
            List<Block> blocks = blocks(markdown);
            if (blocks.isEmpty()) {
                continue;
            }
            List<String> lines = new ArrayList<>(read(markdown).lines().toList());
            int changedHere = 0;
            // From the last block up, so that earlier line numbers stay valid.
            for (int b = blocks.size() - 1; b >= 0; b--) {
                Block block = blocks.get(b);
                List<String> expected;
                try {
                    expected = region(block);
                } catch (SnippetException e) {
                    continue; // reported by check()
                }
                if (expected.equals(block.lines())) {
                    continue;
                }
                List<String> replacement = expected.stream().map(l -> l.isEmpty() ? "" : block.indent() + l).toList();
                List<String> tail = new ArrayList<>(lines.subList(block.bodyEnd(), lines.size()));
                lines.subList(block.bodyStart(), lines.size()).clear();
                lines.addAll(replacement);
                lines.addAll(tail);
                changedHere++;
            }
            if (changedHere > 0) {
                write(markdown, String.join("\n", lines) + "\n");
                changed += changedHere;
            }
        }
        return changed;
    }

    /** The region a block's marker names, dedented. */
    List<String> region(Block block) throws SnippetException {
        Matcher marker = MARKER.matcher(block.marker());
        if (!marker.matches()) {
            throw new SnippetException("a ```java block needs a marker on the line before it, e.g. "
                    + "<!-- snippet: examples/src/main/java/dev/capstan/examples/readme/WorkerMain.java#worker -->"
                    + " (found: '" + block.marker().strip() + "')");
        }
        return region(marker.group(1), marker.group(2));
    }

    List<String> region(String file, String tag) throws SnippetException {
        Matcher source = SOURCE.matcher(file);
        if (!source.matches() || file.contains("..") || file.startsWith("/")) {
            throw new SnippetException("snippet file " + file
                    + " must be a Java source of a module, <module>/src/main|test/java/..., relative to the repository root");
        }
        if (!modules().contains(source.group(1))) {
            throw new SnippetException("snippet file " + file + " is not in a module of the build (modules: " + modules() + ")");
        }
        Path path = root.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new SnippetException("snippet file " + file + " does not exist");
        }
        List<String> lines = read(path).lines().toList();
        List<String> region = null;
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TAG.matcher(lines.get(i));
            if (m.matches()) {
                boolean ours = m.group(2).equals(tag);
                if (ours && m.group(1).equals("tag")) {
                    if (region != null || done) {
                        throw new SnippetException(file + " opens region '" + tag + "' twice (line " + (i + 1) + ")");
                    }
                    region = new ArrayList<>();
                } else if (ours) {
                    if (region == null) {
                        throw new SnippetException(file + " ends region '" + tag + "' before opening it (line " + (i + 1) + ")");
                    }
                    done = true;
                    region = finish(region);
                    return region;
                }
                continue; // another region's marker inside ours is not copied
            }
            if (region != null) {
                region.add(stripTrailing(lines.get(i)));
            }
        }
        throw new SnippetException(region == null
                ? file + " has no region '" + tag + "' (lines // tag::" + tag + "[] and // end::" + tag + "[])"
                : file + " never ends region '" + tag + "' (// end::" + tag + "[])");
    }

    private static List<String> finish(List<String> region) throws SnippetException {
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String line : region) {
            out.add(line.isBlank() ? "" : line.substring(indent));
        }
        if (out.stream().allMatch(String::isEmpty)) {
            throw new SnippetException("region is empty");
        }
        return out;
    }

    private String mismatch(Block block, List<String> expected) {
        int line = 0;
        while (line < expected.size() && line < block.lines().size() && expected.get(line).equals(block.lines().get(line))) {
            line++;
        }
        String doc = line < block.lines().size() ? block.lines().get(line) : "(end of block)";
        String src = line < expected.size() ? expected.get(line) : "(end of region)";
        Matcher m = MARKER.matcher(block.marker());
        m.matches();
        return block.where(root) + ": the block differs from " + m.group(1) + "#" + m.group(2)
                + " at its line " + (line + 1) + ":\n  docs:   " + doc + "\n  source: " + src
                + "\nThe block should read:\n```java\n" + String.join("\n", expected) + "\n```";
    }

    private Set<String> modules() {
        if (modules == null) {
            modules = new LinkedHashSet<>();
            collectModules("", root);
        }
        return modules;
    }

    private void collectModules(String prefix, Path dir) {
        Matcher m = MODULE.matcher(read(dir.resolve("pom.xml")));
        while (m.find()) {
            String module = prefix + m.group(1);
            Path moduleDir = root.resolve(module).normalize();
            if (Files.isRegularFile(moduleDir.resolve("pom.xml"))) {
                modules.add(root.relativize(moduleDir).toString());
                collectModules(root.relativize(moduleDir) + "/", moduleDir);
            }
        }
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A block that breaks the convention. */
    static final class SnippetException extends Exception {
        SnippetException(String message) {
            super(message);
        }
    }
}
