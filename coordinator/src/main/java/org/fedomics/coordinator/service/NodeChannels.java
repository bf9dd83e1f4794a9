package org.fedomics.coordinator.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.NodeTask;

/**
 * The coordinator's side of each node's outbound channel. Hospitals allow outbound connections
 * only, so a node long-polls for tasks: a poll returns at once when tasks wait, otherwise it is
 * parked until a task arrives or the wait elapses. Used from one event-loop context only.
 */
final class NodeChannels {
    private final Vertx vertx;
    private final Map<String, Deque<NodeTask>> queues = new HashMap<>();
    private final Map<String, Promise<List<NodeTask>>> parked = new HashMap<>();

    NodeChannels(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<List<NodeTask>> poll(String node, Duration wait) {
        Promise<List<NodeTask>> previous = parked.remove(node);
        if (previous != null) {
            previous.tryComplete(List.of()); // a newer poll from the same node supersedes it
        }
        List<NodeTask> ready = drain(node);
        if (!ready.isEmpty() || wait.isZero()) {
            return Future.succeededFuture(ready);
        }
        Promise<List<NodeTask>> promise = Promise.promise();
        parked.put(node, promise);
        long timer = vertx.setTimer(wait.toMillis(), id -> {
            if (parked.remove(node, promise)) {
                promise.tryComplete(List.of());
            }
        });
        return promise.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    void offer(String node, NodeTask task) {
        queues.computeIfAbsent(node, n -> new ArrayDeque<>()).add(task);
        Promise<List<NodeTask>> waiting = parked.remove(node);
        if (waiting != null) {
            waiting.tryComplete(drain(node));
        }
    }

    private List<NodeTask> drain(String node) {
        Deque<NodeTask> queue = queues.get(node);
        if (queue == null || queue.isEmpty()) {
            return List.of();
        }
        List<NodeTask> tasks = List.copyOf(queue);
        queue.clear();
        return tasks;
    }
}
