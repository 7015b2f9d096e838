package dev.capstan.dashboard;

/** What a logged-in user may do: everything, or look only (every action answers 403). */
enum Role {
    ADMIN("admin"),
    READ_ONLY("read-only");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name in the session attribute and in {@code GET /api/session}. */
    String label() {
        return label;
    }

    boolean canAct() {
        return this == ADMIN;
    }

    static Role ofLabel(String label) {
        return "admin".equals(label) ? ADMIN : READ_ONLY; // anything unknown gets the lesser role
    }
}
