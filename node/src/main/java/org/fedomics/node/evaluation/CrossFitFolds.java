package org.fedomics.node.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Stratified assignment of records to k folds: records are grouped by label, each group is put in
 * a seeded random order and dealt round-robin, so every fold gets its share of each label. The
 * same ids, labels and seed always give the same folds, on any machine.
 */
public final class CrossFitFolds {
    private CrossFitFolds() {
    }

    public static Map<String, Integer> assign(Map<String, String> labelOfRecord, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        }
        Map<String, List<String>> byLabel = new TreeMap<>();
        new TreeMap<>(labelOfRecord).forEach((id, label) -> byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(id));
        Map<String, Integer> foldOf = new HashMap<>();
        Random random = new Random(seed);
        int next = 0;
        for (List<String> ids : byLabel.values()) {
            Collections.shuffle(ids, random);
            for (String id : ids) {
                foldOf.put(id, next % folds);
                next++;
            }
        }
        return foldOf;
    }
}
