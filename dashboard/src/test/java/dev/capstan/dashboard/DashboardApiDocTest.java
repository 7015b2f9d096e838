package dev.capstan.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testsupport.RedisExtension;
import dev.capstan.testsupport.RedisTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/DASHBOARD-API.md lists exactly the routes a fully configured dashboard serves: a route added
 * without documentation, or documented and gone, fails here.
 */
@ExtendWith(RedisExtension.class)
class DashboardApiDocTest {
    static final Path DOC = Path.of("..", "docs", "DASHBOARD-API.md");
    private static final Pattern DOCUMENTED = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/[^`\\s]*)`");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists(RedisTestContext ctx) throws IOException {
        Scenario s = new Scenario(ctx);
        Dashboard d = ctx.closeAfter(Dashboard.builder().admin(s.admin).workers(s.capstan.workers())
                .controls(new JobGatesControls(new dev.capstan.redis.gates.JobGates(ctx.closeAfter(
                        new dev.capstan.redis.flags.FeatureFlags(s.capstan.redis(), s.capstan.namespace())))))
                .stats((queue, minutes) -> null).progress(java.util.Map::of).schedules(List::of).flags(java.util.Map::of)
                .lifecycle(s.capstan.jobs())
                .credentials(DashboardApiTest.USER, DashboardApiTest.PASSWORD).build().start(0));
        String doc = Files.readString(DOC);

        TreeSet<String> served = new TreeSet<>(d.routes());
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(doc);
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        List<String> undocumented = new ArrayList<>(served);
        undocumented.removeAll(documented);
        List<String> gone = new ArrayList<>(documented);
        gone.removeAll(served);
        assertEquals(List.of(), undocumented, "routes missing from " + DOC);
        assertEquals(List.of(), gone, "routes in " + DOC + " that the dashboard does not serve");
        assertTrue(served.size() >= 25, "routes found: " + served);
        assertTrue(doc.contains(SessionAuth.CSRF_HEADER) && doc.contains(SessionAuth.COOKIE), "the doc names the CSRF header and cookie");
    }
}
