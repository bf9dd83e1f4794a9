package org.fedomics.deploy.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into the one line a person reads; unexpected ones keep their stack in the log. */
final class UserErrors {
    private static final Logger LOG = LoggerFactory.getLogger(UserErrors.class);

    private UserErrors() {
    }

    static boolean isUserError(Exception e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException;
    }

    static String describe(Exception e) {
        if (isUserError(e)) {
            return e.getMessage();
        }
        LOG.error("unexpected failure", e);
        return "unexpected failure: " + e + " (details in the log)";
    }
}
