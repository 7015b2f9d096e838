package dev.capstan.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block in README.md and docs/ is a region of a compiled source file (see
 * {@link DocSnippets} and "Snippet convention" in the developers' guide), so no snippet can use a
 * name it does not define or an API that no longer exists.
 *
 * <p>To bring the Markdown in line with changed sources, run
 * {@value #UPDATE_COMMAND}: it rewrites every block from its region, then checks again.
 */
class DocSnippetsTest {
    static final String UPDATE_COMMAND = "./mvnw -q -pl examples -am test -Dtest=DocSnippetsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dsnippets.update=true";

    private final DocSnippets snippets = new DocSnippets(DocSnippets.findRoot(Path.of("")));

    @Test
    void everyJavaBlockInTheDocsIsARegionOfACompiledSource() {
        if (Boolean.getBoolean("snippets.update")) {
            snippets.update();
        }
        List<String> problems = snippets.check();
        assertTrue(problems.isEmpty(), () -> problems.size() + " documentation snippet(s) out of line with the sources"
                + " (fix the marker, or rewrite blocks from their regions with: " + UPDATE_COMMAND + ")\n\n"
                + String.join("\n\n", problems));
    }

    @Test
    void theReadmeHasSnippets() {
        // A guard against the check passing because it found nothing (a moved README, a broken parser).
        Path readme = DocSnippets.findRoot(Path.of("")).resolve("README.md");
        List<DocSnippets.Block> blocks = DocSnippets.blocks(readme);
        assertFalse(blocks.isEmpty(), "no ```java block found in " + readme);
        assertEquals(blocks.size(), blocks.stream().filter(b -> DocSnippets.MARKER.matcher(b.marker()).matches()).count());
    }
}
