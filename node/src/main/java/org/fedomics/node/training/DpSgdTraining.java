package org.fedomics.node.training;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.crypto.dp.GaussianMechanism;
import org.fedomics.crypto.dp.L2Clipping;
import org.fedomics.crypto.dp.PoissonSampling;
import org.fedomics.crypto.dp.SampledGaussian;

/**
 * Record-level differentially private local training: DP-SGD (Abadi et al., CCS 2016) on the
 * study's linear model, the same multinomial logistic regression as the Tribuo path (softmax
 * cross-entropy over the study's labels, no regularisation, AdaGrad with the plan's learning
 * rate), warm-started from the global parameters and returning parameters in the same layout.
 *
 * <p>Each step: every record joins the batch independently with probability q (Poisson
 * subsampling); each joining record's gradient is clipped to L2 norm C; Gaussian noise of
 * standard deviation z C goes on the batch's sum, which is divided by the expected batch size
 * q N and given to AdaGrad. Tribuo's trainer cannot clip per record, hence this loop. Sampling and
 * noise come from the {@link SecureRandom}, never from the seed: the seed and the plan are known
 * to the coordinator, which could otherwise replay the noise and subtract it. The number of
 * records N is treated as public (it is sent anyway as the FedAvg weight).
 */
public final class DpSgdTraining implements LocalTrainer {
    private final StudyDomain domain;
    private final double learningRate;
    private final long steps;
    private final SampledGaussian mechanism;
    private final double clipNorm;
    private final PoissonSampling sampling;
    private final GaussianMechanism noise;

    public DpSgdTraining(StudyDomain domain, double learningRate, long steps, SampledGaussian mechanism, double clipNorm,
                         SecureRandom random) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("DP-SGD needs at least one step, got " + steps);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm C must be a finite number > 0, got " + clipNorm);
        }
        this.domain = domain;
        this.learningRate = learningRate;
        this.steps = steps;
        this.mechanism = mechanism;
        this.clipNorm = clipNorm;
        this.sampling = new PoissonSampling(random);
        this.noise = new GaussianMechanism(random);
    }

    /** DP-SGD as a study's record-level privacy plan sets it: q, C, z, and epochs / q steps per block. */
    public static DpSgdTraining forPlan(StudyDomain domain, TrainingPlan plan, SecureRandom random) {
        PrivacyPlan privacy = plan.privacy();
        return new DpSgdTraining(domain, plan.learningRate(), privacy.stepsPerBlock(plan.localEpochs()),
                privacy.mechanism(), privacy.clipNorm(), random);
    }

    /** Trains; {@code seed} and {@code provenanceNote} are not used (see the class comment). */
    @Override
    public TrainingResult train(ModelParameters global, List<LabeledRecord> records, long seed, String provenanceNote) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to train on");
        }
        int rows = domain.labels().size();
        int columns = domain.featureCount() + 1;
        if (global.rows() != rows || global.columns() != columns) {
            throw new IllegalStateException("global model of shape " + global.rows() + "x" + global.columns()
                    + " does not fit the study domain " + rows + "x" + columns);
        }
        List<Example> examples = new ArrayList<>(records.size());
        List<String> trainedIds = new ArrayList<>(records.size());
        for (LabeledRecord record : records) {
            examples.add(prepare(record));
            trainedIds.add(record.sampleId());
        }
        double[] weights = global.toArray();
        double[] squaredGradients = new double[weights.length];
        double expectedBatch = mechanism.samplingRate() * examples.size();
        for (long step = 0; step < steps; step++) {
            int[] batch = sampling.sample(examples.size(), mechanism.samplingRate());
            double[] noisySum = noise.privatize(clippedGradientSum(weights, examples, batch), clipNorm,
                    mechanism.noiseMultiplier());
            for (int i = 0; i < weights.length; i++) {
                double gradient = noisySum[i] / expectedBatch;
                squaredGradients[i] += gradient * gradient;
                weights[i] -= learningRate * gradient / (WarmStartTrainer.ADAGRAD_EPSILON + Math.sqrt(squaredGradients[i]));
            }
        }
        return new TrainingResult(ModelParameters.of(rows, columns, weights), trainedIds);
    }

    /** A record as the model reads it: features in Tribuo's column order, then the bias input 1. */
    Example prepare(LabeledRecord record) {
        domain.check(record);
        double[] features = record.featuresView();
        double[] input = new double[features.length + 1];
        for (int i = 0; i < features.length; i++) {
            input[domain.column(i)] = features[i];
        }
        input[features.length] = 1;
        return new Example(input, domain.labelRow(record.label()), L2Clipping.norm(input));
    }

    /**
     * The sum over the batch of each record's gradient of the cross-entropy loss, each clipped to
     * L2 norm C. A record's gradient is the outer product (p - y) x of its softmax probabilities
     * minus its one-hot label with its input, so its norm is |p - y| |x| without forming it.
     */
    double[] clippedGradientSum(double[] weights, List<Example> examples, int[] batch) {
        int rows = domain.labels().size();
        int columns = weights.length / rows;
        double[] sum = new double[weights.length];
        double[] residual = new double[rows];
        for (int index : batch) {
            Example example = examples.get(index);
            double[] input = example.input();
            double largest = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                double logit = 0;
                for (int c = 0; c < columns; c++) {
                    logit += weights[r * columns + c] * input[c];
                }
                residual[r] = logit;
                largest = Math.max(largest, logit);
            }
            double total = 0;
            for (int r = 0; r < rows; r++) {
                residual[r] = Math.exp(residual[r] - largest);
                total += residual[r];
            }
            for (int r = 0; r < rows; r++) {
                residual[r] = residual[r] / total - (r == example.labelRow() ? 1 : 0);
            }
            double scale = L2Clipping.scaleFor(L2Clipping.norm(residual) * example.inputNorm(), clipNorm);
            for (int r = 0; r < rows; r++) {
                double factor = scale * residual[r];
                for (int c = 0; c < columns; c++) {
                    sum[r * columns + c] += factor * input[c];
                }
            }
        }
        return sum;
    }

    /** A prepared record; the arrays never leave this class and its tests. */
    record Example(double[] input, int labelRow, double inputNorm) {
    }
}
