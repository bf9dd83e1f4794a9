package org.fedomics.coordinator.study;

/** Where a study is in its life; REFUSED, FAILED and RELEASED are final. */
public enum StudyState {
    SUBMITTED, RUNNING, RELEASED, REFUSED, FAILED;

    public boolean isFinal() {
        return this == RELEASED || this == REFUSED || this == FAILED;
    }
}
