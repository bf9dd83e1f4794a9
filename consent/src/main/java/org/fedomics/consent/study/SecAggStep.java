package org.fedomics.consent.study;

import java.util.List;
import java.util.Locale;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggNode;

/**
 * One step of a round's secure aggregation as the coordinator hands it to a node: the session's
 * public parameters and what the step needs: nothing (advertise keys), every advertisement (share
 * keys), the encrypted shares addressed to this node (send the masked input), or the nodes whose
 * masked input never arrived (unmask).
 */
public record SecAggStep(Stage stage, SecAggConfig config, List<byte[]> messages, List<String> dropped) {
    public enum Stage {
        ADVERTISE, SHARE, MASK, UNMASK;

        /** The path segment a node posts this stage's answer to. */
        public String path() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Stage fromPath(String segment) {
            for (Stage stage : values()) {
                if (stage.path().equals(segment)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("unknown secure-aggregation stage '" + segment + "'");
        }
    }

    public SecAggStep {
        if (stage == null || config == null) {
            throw new IllegalArgumentException("a secure-aggregation step needs a stage and the session's parameters");
        }
        messages = messages == null ? List.of() : List.copyOf(messages);
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    public static SecAggStep advertise(SecAggConfig config) {
        return new SecAggStep(Stage.ADVERTISE, config, List.of(), List.of());
    }

    /** Performs this step with a node's protocol state; {@code input} is used only at the masking step. */
    public byte[] perform(SecAggNode protocol, long[] input) {
        return switch (stage) {
            case ADVERTISE -> protocol.advertiseKeys();
            case SHARE -> protocol.shareKeys(messages);
            case MASK -> protocol.maskedInput(messages, input);
            case UNMASK -> protocol.unmask(dropped);
        };
    }
}
