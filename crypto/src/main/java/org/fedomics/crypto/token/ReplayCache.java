package org.fedomics.crypto.token;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Token ids seen and not yet expired. Bounded: entries leave when their token can no longer be
 * accepted anyway; if the cache is full of live entries it refuses new tokens (fails closed)
 * rather than forgetting one that could then be replayed.
 */
final class ReplayCache {

    private record Entry(Instant forgetAfter, String tokenId) {
    }

    private final int capacity;
    private final Map<String, Instant> seen = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.forgetAfter().compareTo(b.forgetAfter()));

    ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay cache capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Records the id; false if it was already seen or the cache is full of live ids. */
    synchronized boolean firstUse(String tokenId, Instant forgetAfter, Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().forgetAfter().isBefore(now)) {
            seen.remove(byExpiry.poll().tokenId());
        }
        if (seen.containsKey(tokenId) || seen.size() >= capacity) {
            return false;
        }
        seen.put(tokenId, forgetAfter);
        byExpiry.add(new Entry(forgetAfter, tokenId));
        return true;
    }

    synchronized int size() {
        return seen.size();
    }
}
