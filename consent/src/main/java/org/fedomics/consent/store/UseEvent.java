package org.fedomics.consent.store;

import java.time.Instant;

/** One use of a patient's records: which study, which round, at which hospital, when. */
public record UseEvent(String studyId, int round, String hospital, Instant at) {
}
