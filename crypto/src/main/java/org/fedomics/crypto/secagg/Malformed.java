package org.fedomics.crypto.secagg;

/** A message does not follow its binary format; the text says which field and why, never its content. */
final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
        super(message);
    }
}
