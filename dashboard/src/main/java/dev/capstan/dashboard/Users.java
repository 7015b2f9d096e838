package dev.capstan.dashboard;

import java.util.List;
import java.util.Optional;

/** The configured logins. Checking one compares against every entry, so timing does not tell which user names exist. */
final class Users {
    private final List<Credentials> all;

    Users(List<Credentials> all) {
        this.all = List.copyOf(all);
        long distinct = all.stream().map(Credentials::userName).distinct().count();
        if (distinct != all.size()) {
            throw new IllegalArgumentException("each dashboard user name may be configured once");
        }
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** The role of the user whose name and password both match, if any. */
    Optional<Role> check(String user, String password) {
        Role found = null;
        for (Credentials c : all) {
            if (c.matches(user, password) && found == null) {
                found = c.role();
            }
        }
        return Optional.ofNullable(found);
    }

    /** True if {@code user} and {@code password} match some login (HTTP Basic for scrapers). */
    boolean matches(String user, String password) {
        return check(user, password).isPresent();
    }
}
