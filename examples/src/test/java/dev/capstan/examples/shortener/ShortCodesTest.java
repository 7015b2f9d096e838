package dev.capstan.examples.shortener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.LuaScriptConventions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Codes, aliases and target URLs, without Redis; and the shortener's Lua conventions. */
class ShortCodesTest {

    @Test
    void everyCounterValueHasItsOwnCodeStartingWithADigit() {
        assertEquals("1", ShortCodes.encode(1));
        assertEquals("9", ShortCodes.encode(9));
        assertEquals("0a", ShortCodes.encode(10));
        assertEquals("10", ShortCodes.encode(62));
        assertEquals("9Z", ShortCodes.encode(619));
        assertEquals("0a0", ShortCodes.encode(620));
        assertEquals(6, ShortCodes.encode(9_161_328_319L).length(), "6 characters up to 10 * 62^5 - 1");
        assertEquals(7, ShortCodes.encode(9_161_328_320L).length());
        Set<String> seen = new HashSet<>();
        for (long n = 1; n <= 200_000; n++) {
            String code = ShortCodes.encode(n);
            assertTrue(seen.add(code), "duplicate " + code);
            assertTrue(Character.isDigit(code.charAt(0)));
            assertFalse(ShortCodes.isValidAlias(code), "no alias can take a generated code");
        }
        assertThrows(IllegalArgumentException.class, () -> ShortCodes.encode(0));
        assertTrue(ShortCodes.encode(Long.MAX_VALUE).chars().allMatch(Character::isLetterOrDigit));
    }

    @Test
    void aliasesStartWithALetter() {
        assertTrue(ShortCodes.isValidAlias("spring-sale"));
        assertTrue(ShortCodes.isValidAlias("a_1"));
        assertFalse(ShortCodes.isValidAlias("ab"));
        assertFalse(ShortCodes.isValidAlias("2024-sale"));
        assertFalse(ShortCodes.isValidAlias("-sale"));
        assertFalse(ShortCodes.isValidAlias("sale/2"));
        assertFalse(ShortCodes.isValidAlias("sale{2}"));
        assertFalse(ShortCodes.isValidAlias("a".repeat(65)));
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAreAccepted() {
        for (String ok : List.of("https://example.com", "http://example.com:8080/a?b=c#d", "HTTPS://EXAMPLE.COM/")) {
            assertEquals(ok, TargetUrls.validate(ok));
        }
        for (String bad : List.of("", "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
                "java\nscript:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "ftp://example.com",
                "//example.com", "https://", "https://user:pw@example.com", "https://exa mple.com", "https://ex\u0000.com",
                "https://example.com/" + "x".repeat(TargetUrls.MAX_LENGTH))) {
            assertThrows(TargetUrls.InvalidLinkException.class, () -> TargetUrls.validate(bad), bad);
        }
    }

    @Test
    void theShortenersScriptsFollowTheLuaConventions() {
        Path resources = Path.of("src/main/resources/dev/capstan/examples");
        assertEquals(2, LuaScriptConventions.scripts(resources).size());
        assertEquals(List.of(), LuaScriptConventions.violations(resources));
    }
}
