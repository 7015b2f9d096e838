package dev.capstan.api;

/** What a flow child's failure (dead, or cancelled) does to the parent that waits for it. */
public enum ChildFailure {
    /** The parent fails too (it goes to the dead set with the child's reason), and so on up the flow. */
    FAIL_PARENT,
    /** The parent still runs once all children are done; it sees the failure in {@link JobContext#failedChildren()}. */
    CONTINUE_PARENT;
}
