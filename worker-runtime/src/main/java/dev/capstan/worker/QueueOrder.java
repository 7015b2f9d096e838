package dev.capstan.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The order in which a worker looks at its queues on each fetch round. Strict: always in the given
 * order, so a lower queue runs only when the ones before it are empty. Weighted: a random order
 * drawn by weight each round, so a queue of weight 3 comes first three times as often as one of
 * weight 1 and no queue starves.
 */
public sealed interface QueueOrder {

    List<String> queues();

    List<String> nextRound();

    static QueueOrder strict(List<String> queues) {
        return new Strict(List.copyOf(queues));
    }

    static QueueOrder weighted(Map<String, Integer> weights) {
        return new Weighted(Map.copyOf(weights));
    }

    record Strict(List<String> queues) implements QueueOrder {
        @Override
        public List<String> nextRound() {
            return queues;
        }
    }

    record Weighted(Map<String, Integer> weights) implements QueueOrder {
        public Weighted {
            weights.forEach((q, w) -> {
                if (w < 1) {
                    throw new IllegalArgumentException("queue " + q + " has weight " + w + "; weights must be at least 1");
                }
            });
        }

        @Override
        public List<String> queues() {
            return List.copyOf(weights.keySet());
        }

        @Override
        public List<String> nextRound() {
            List<String> left = new ArrayList<>(weights.keySet());
            List<String> order = new ArrayList<>(left.size());
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!left.isEmpty()) {
                int total = left.stream().mapToInt(weights::get).sum();
                int pick = random.nextInt(total);
                for (int i = 0; i < left.size(); i++) {
                    pick -= weights.get(left.get(i));
                    if (pick < 0) {
                        order.add(left.remove(i));
                        break;
                    }
                }
            }
            return order;
        }
    }
}
