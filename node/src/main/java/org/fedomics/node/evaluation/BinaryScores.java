package org.fedomics.node.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/** Scores of records with known truth: rank AUC on the margin and accuracy at margin 0. */
public final class BinaryScores {
    private final List<Boolean> truth = new ArrayList<>();
    private final List<Double> margins = new ArrayList<>();

    public void add(boolean positive, double margin) {
        truth.add(positive);
        margins.add(margin);
    }

    public void addAll(BinaryScores other) {
        truth.addAll(other.truth);
        margins.addAll(other.margins);
    }

    public int size() {
        return truth.size();
    }

    public double auc() {
        boolean[] t = new boolean[truth.size()];
        double[] m = new double[margins.size()];
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (int i = 0; i < t.length; i++) {
            t[i] = truth.get(i);
            m[i] = margins.get(i);
            anyPositive |= t[i];
            anyNegative |= !t[i];
        }
        if (!anyPositive || !anyNegative) {
            return Double.NaN;
        }
        return LabelEvaluationUtil.binaryAUCROC(t, m);
    }

    public double accuracy() {
        if (truth.isEmpty()) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < truth.size(); i++) {
            if ((margins.get(i) > 0) == truth.get(i)) {
                correct++;
            }
        }
        return (double) correct / truth.size();
    }
}
