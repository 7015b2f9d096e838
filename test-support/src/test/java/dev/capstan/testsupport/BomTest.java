package dev.capstan.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** capstan-bom pins every published module, at the reactor's version (it has no parent, so it is kept by hand). */
class BomTest {
    /** Modules that are not published: examples, benchmarks, test support, and the BOM itself. */
    private static final Set<String> UNPUBLISHED = Set.of("capstan-bom", "examples", "examples-spring-boot", "benchmarks",
            "test-support");

    @Test
    void theBomListsEveryPublishedModuleAtTheReactorsVersion() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("capstan-bom/pom.xml"));

        Set<String> published = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            String pom = Files.readString(root.resolve(module.group(1)).resolve("pom.xml"));
            String artifactId = firstAfterParent(pom, "artifactId");
            if (!UNPUBLISHED.contains(artifactId)) {
                published.add(artifactId);
            }
        }
        Set<String> listed = new TreeSet<>();
        Matcher dep = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>").matcher(bom);
        while (dep.find()) {
            listed.add(dep.group(1));
        }
        assertEquals(published, listed, "capstan-bom/pom.xml must list exactly the published modules");
        assertEquals(firstAfterParent(parent, "version"), firstAfterParent(bom, "version"), "capstan-bom's version must be the parent's");
    }

    private static String firstAfterParent(String pom, String element) {
        String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
        Matcher m = Pattern.compile("<" + element + ">([^<$]+)</" + element + ">").matcher(afterParent);
        if (!m.find()) {
            throw new IllegalStateException("no " + element + " in a pom");
        }
        return m.group(1);
    }
}
