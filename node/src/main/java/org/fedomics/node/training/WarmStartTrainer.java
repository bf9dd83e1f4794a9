package org.fedomics.node.training;

import java.util.SplittableRandom;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Tribuo's logistic-regression SGD, started from given parameters instead of zeros. Tribuo has no
 * public warm start; {@code createParameters} is its protected hook for the initial parameters.
 */
final class WarmStartTrainer extends LinearSGDTrainer {
    /** AdaGrad's epsilon in the denominator lr / (epsilon + sqrt(sum of squared gradients)). */
    static final double ADAGRAD_EPSILON = 0.1;

    private final ModelParameters start;

    WarmStartTrainer(ModelParameters start, double learningRate, int epochs, long seed) {
        super(new LogMulticlass(), new AdaGrad(learningRate, ADAGRAD_EPSILON), epochs, seed);
        this.start = start;
    }

    @Override
    protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom rng) {
        // Tribuo counts features without the bias column it appends.
        if (numOutputs != start.rows() || numFeatures + 1 != start.columns()) {
            throw new IllegalStateException("global model of shape " + start.rows() + "x" + start.columns()
                    + " does not fit the study domain " + numOutputs + "x" + (numFeatures + 1));
        }
        // A fresh matrix: training updates its parameters in place.
        return new LinearParameters(start.toMatrix());
    }
}
