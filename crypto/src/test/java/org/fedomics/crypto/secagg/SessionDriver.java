package org.fedomics.crypto.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a whole session in memory the way node and coordinator services would, with nodes that
 * stop before a given stage, and records every message the coordinator received (its view).
 */
final class SessionDriver {

    /** A message the coordinator received. */
    record Received(Stage stage, String from, byte[] message) {
    }

    /** The sum, or the exception of the close that failed; and every message the coordinator received. */
    record Outcome(long[] sum, SecAggException failure, List<Received> view) {
    }

    final SecAggConfig config;
    final Map<String, SecAggNode> nodes = new LinkedHashMap<>();
    final SecAggCoordinator coordinator;

    SessionDriver(SecAggConfig config, SecureRandom random) {
        this.config = config;
        for (String name : config.roster()) {
            nodes.put(name, new SecAggNode(config, TestConsortium.credential(name), random));
        }
        this.coordinator = new SecAggCoordinator(config, TestConsortium.CA.certificate());
    }

    /**
     * @param dropBefore for each node that drops, the stage it never sends (nor any later one)
     */
    Outcome run(Map<String, long[]> inputs, Map<String, Stage> dropBefore) {
        List<Received> view = new ArrayList<>();
        try {
            for (String name : active(dropBefore, Stage.ADVERTISE_KEYS)) {
                byte[] message = nodes.get(name).advertiseKeys();
                coordinator.receiveAdvertisement(name, message);
                view.add(new Received(Stage.ADVERTISE_KEYS, name, message));
            }
            List<byte[]> advertisements = coordinator.closeAdvertisements();
            for (String name : active(dropBefore, Stage.SHARE_KEYS)) {
                byte[] message = nodes.get(name).shareKeys(advertisements);
                coordinator.receiveShares(name, message);
                view.add(new Received(Stage.SHARE_KEYS, name, message));
            }
            Map<String, List<byte[]>> inbox = coordinator.closeShares();
            for (String name : active(dropBefore, Stage.MASKED_INPUT)) {
                byte[] message = nodes.get(name).maskedInput(inbox.get(name), inputs.get(name));
                coordinator.receiveMaskedInput(name, message);
                view.add(new Received(Stage.MASKED_INPUT, name, message));
            }
            List<String> dropped = coordinator.closeMaskedInputs();
            for (String name : active(dropBefore, Stage.UNMASKING)) {
                byte[] message = nodes.get(name).unmask(dropped);
                coordinator.receiveUnmasking(name, message);
                view.add(new Received(Stage.UNMASKING, name, message));
            }
            return new Outcome(coordinator.closeUnmasking(), null, view);
        } catch (SecAggException e) {
            return new Outcome(null, e, view);
        }
    }

    /** The nodes still taking part at {@code stage}. */
    List<String> active(Map<String, Stage> dropBefore, Stage stage) {
        return config.roster().stream().filter(name -> {
            Stage drop = dropBefore.get(name);
            return drop == null || drop.compareTo(stage) > 0;
        }).toList();
    }

    /** sum of {@code inputs} over {@code nodes}, mod 2^k. */
    static long[] plainSum(SecAggConfig config, Map<String, long[]> inputs, Set<String> nodes) {
        long[] sum = new long[config.vectorLength()];
        for (String node : nodes) {
            long[] input = inputs.get(node);
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (sum[i] + input[i]) & config.modulusMask();
            }
        }
        return sum;
    }
}
