package dev.capstan.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet check on a small repository of its own: what it accepts, what it reports, how it rewrites. */
class DocSnippetsMechanismTest {
    @TempDir
    Path root;

    private static final String SOURCE = """
            package demo;

            class Hello {
                void run() {
                    // tag::greet[]
                    String name = "Ada";
                    // tag::inner[]
                    System.out.println("hello " + name);
                    // end::inner[]

                    System.out.println("bye");   \s
                    // end::greet[]
                }
            }
            """;

    @BeforeEach
    void repository() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project><artifactId>capstan-parent</artifactId>"
                + "<modules><module>app</module></modules></project>");
        Files.createDirectories(root.resolve("app/src/main/java/demo"));
        Files.writeString(root.resolve("app/pom.xml"), "<project/>");
        Files.writeString(root.resolve("app/src/main/java/demo/Hello.java"), SOURCE);
        Files.createDirectories(root.resolve("docs/deep"));
        Files.writeString(root.resolve("README.md"), "# t\n");
    }

    @Test
    void findsTheRootFromAModuleDirectory() {
        assertEquals(root.toAbsolutePath(), DocSnippets.findRoot(root.resolve("app/src")));
    }

    @Test
    void aBlockEqualToItsDedentedRegionPasses() throws Exception {
        readme("""
                Text.

                <!-- snippet: app/src/main/java/demo/Hello.java#greet -->
                ```java
                String name = "Ada";
                System.out.println("hello " + name);

                System.out.println("bye");
                ```

                <!-- snippet: app/src/main/java/demo/Hello.java#inner -->
                ```java
                System.out.println("hello " + name);
                ```

                ```bash
                echo not java, not checked
                ```
                """);
        assertEquals(List.of(), new DocSnippets(root).check());
    }

    @Test
    void reportsEveryKindOfBrokenBlockWithWhereItIs() throws Exception {
        readme("""
                ```java
                int noMarker = 1;
                ```
                <!-- snippet: app/src/main/java/demo/Missing.java#greet -->
                ```java
                x();
                ```
                <!-- snippet: app/src/main/java/demo/Hello.java#nope -->
                ```java
                x();
                ```
                <!-- snippet: elsewhere/src/main/java/demo/Hello.java#greet -->
                ```java
                x();
                ```
                """);
        Files.writeString(root.resolve("docs/deep/GUIDE.md"), """
                <!-- snippet: app/src/main/java/demo/Hello.java#inner -->
                ```java
                System.out.println("hello " + someoneElse);
                ```
                """);
        List<String> problems = new DocSnippets(root).check();
        assertEquals(5, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("README.md:1: a ```java block needs a marker"), problems.get(0));
        assertTrue(problems.get(1).contains("README.md:5") && problems.get(1).contains("does not exist"), problems.get(1));
        assertTrue(problems.get(2).contains("has no region 'nope'"), problems.get(2));
        assertTrue(problems.get(3).contains("is not in a module of the build"), problems.get(3));
        String mismatch = problems.get(4);
        assertTrue(mismatch.startsWith("docs/deep/GUIDE.md:2: the block differs from app/src/main/java/demo/Hello.java#inner at its line 1"), mismatch);
        assertTrue(mismatch.contains("The block should read:\n```java\nSystem.out.println(\"hello \" + name);\n```"), mismatch);
    }

    @Test
    void updateRewritesStaleBlocksFromTheirRegionsAndLeavesTheRestAlone() throws Exception {
        readme("""
                Before.

                - In a list:

                  <!-- snippet: app/src/main/java/demo/Hello.java#inner -->
                  ```java
                  System.out.println("old");
                  ```

                ```java
                int noMarker = 1;
                ```
                After.
                """);
        DocSnippets snippets = new DocSnippets(root);
        assertEquals(1, snippets.update());
        assertEquals("""
                Before.

                - In a list:

                  <!-- snippet: app/src/main/java/demo/Hello.java#inner -->
                  ```java
                  System.out.println("hello " + name);
                  ```

                ```java
                int noMarker = 1;
                ```
                After.
                """, Files.readString(root.resolve("README.md")));
        assertEquals(1, snippets.check().size(), "the block without a marker is still reported");
        assertEquals(0, snippets.update(), "nothing left to rewrite");
    }

    @Test
    void findsJavaBlocksWhateverTheirFenceAndSkipsOtherLanguages() throws Exception {
        readme("""
                ````java
                a();
                ```
                still inside the four-backtick block
                ````
                ~~~ java title="x"
                b();
                ~~~
                ```javascript
                c();
                ```
                ```markdown
                ```java
                ```
                """);
        List<DocSnippets.Block> blocks = DocSnippets.blocks(root.resolve("README.md"));
        assertEquals(List.of(List.of("a();", "```", "still inside the four-backtick block"), List.of("b();")),
                blocks.stream().map(DocSnippets.Block::lines).toList());
    }

    @Test
    void aRegionThatNeverEndsIsReported() throws Exception {
        Files.writeString(root.resolve("app/src/main/java/demo/Open.java"), "class Open {\n// tag::a[]\nint x;\n}\n");
        readme("<!-- snippet: app/src/main/java/demo/Open.java#a -->\n```java\nint x;\n```\n");
        List<String> problems = new DocSnippets(root).check();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("never ends region 'a'"), problems.get(0));
    }

    private void readme(String text) throws Exception {
        Files.writeString(root.resolve("README.md"), text);
    }
}
