package org.fedomics.crypto.secagg;

/**
 * A secure-aggregation session refused a message or aborted. The message names the stage, the
 * party that refused (a node name or "coordinator") and what is wrong; it never carries key
 * material, shares or input values, so it is safe to log and to return to the peer.
 */
public final class SecAggException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SecAggException(Stage stage, String party, String what) {
        super("secagg " + stage.label() + " at " + party + ": " + what);
    }

    SecAggException(Stage stage, String party, String what, Throwable cause) {
        super("secagg " + stage.label() + " at " + party + ": " + what, cause);
    }
}
