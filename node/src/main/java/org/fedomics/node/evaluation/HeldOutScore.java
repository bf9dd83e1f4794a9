package org.fedomics.node.evaluation;

/** A released fold model's score for a record of the fold it never trained on. */
public record HeldOutScore(String sampleId, int fold, boolean positive, double margin) {
}
