package dev.capstan.api;

/**
 * A batch's progress, read in O(1): how many jobs it has, how many have not finished yet, and how
 * many succeeded, died or were cancelled. {@code completedAt} is set once every job finished after
 * the seal; {@code succeededAt} once every job succeeded (epoch ms; 0 while not).
 */
public record BatchStatus(String id, String description, long total, long pending, long succeeded, long dead,
                          long cancelled, boolean sealed, long createdAt, long completedAt, long succeededAt) {

    public boolean isComplete() {
        return completedAt > 0;
    }

    public boolean isSuccess() {
        return succeededAt > 0;
    }

    /** Finished jobs as a share of all jobs, 0-100 (100 for an empty sealed batch). */
    public int percentDone() {
        return total == 0 ? (sealed ? 100 : 0) : (int) ((total - pending) * 100 / total);
    }
}
