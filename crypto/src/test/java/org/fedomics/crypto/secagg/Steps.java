package org.fedomics.crypto.secagg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An honest session advanced one stage at a time, so a test can stop before the stage it attacks
 * and hand a node whatever a dishonest coordinator would.
 */
final class Steps {

    final SecAggConfig config;
    final Map<String, SecAggNode> nodes = new LinkedHashMap<>();
    final SecAggCoordinator coordinator;
    List<byte[]> advertisements;
    Map<String, List<byte[]>> inbox;
    List<String> dropped;

    Steps(SecAggConfig config, long seed) {
        this.config = config;
        for (String name : config.roster()) {
            nodes.put(name, new SecAggNode(config, TestConsortium.credential(name), TestConsortium.seeded(seed++)));
        }
        coordinator = new SecAggCoordinator(config, TestConsortium.CA.certificate());
    }

    SecAggNode node(String name) {
        return nodes.get(name);
    }

    /** Every node named advertises; the coordinator closes stage 1. */
    Steps advertise(List<String> who) {
        for (String name : who) {
            coordinator.receiveAdvertisement(name, nodes.get(name).advertiseKeys());
        }
        advertisements = coordinator.closeAdvertisements();
        return this;
    }

    Steps advertiseAll() {
        return advertise(config.roster());
    }

    /** Every node named shares keys; the coordinator closes stage 2. */
    Steps share(List<String> who) {
        for (String name : who) {
            coordinator.receiveShares(name, nodes.get(name).shareKeys(advertisements));
        }
        inbox = coordinator.closeShares();
        return this;
    }

    Steps shareAll() {
        return share(config.roster());
    }

    /** Every node named sends its masked input of all zeros; the coordinator closes stage 3. */
    Steps mask(List<String> who) {
        for (String name : who) {
            coordinator.receiveMaskedInput(name, nodes.get(name).maskedInput(inbox.get(name), new long[config.vectorLength()]));
        }
        dropped = coordinator.closeMaskedInputs();
        return this;
    }

    Steps maskAll() {
        return mask(config.roster());
    }
}
