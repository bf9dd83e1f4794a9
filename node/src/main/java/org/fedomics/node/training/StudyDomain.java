package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * The feature and label domain a study fixes for every site. Tribuo would otherwise build its
 * ids per dataset (a site lacking one gene shifts every later id), and averaging parameter
 * vectors whose columns mean different genes is silently wrong.
 */
public final class StudyDomain {
    private final List<String> features;
    private final List<String> labels;
    private final ImmutableFeatureMap featureMap;
    private final ImmutableOutputInfo<Label> labelInfo;
    private final int[] columnOfFeature;

    public StudyDomain(List<String> features, List<String> labels) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one feature");
        }
        if (labels.size() != 2 || labels.get(0).equals(labels.get(1))) {
            throw new IllegalArgumentException("a study needs exactly two distinct labels (negative, positive), got " + labels);
        }
        if (new HashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("the study's feature list has duplicates");
        }
        this.features = List.copyOf(features);
        this.labels = List.copyOf(labels);
        List<VariableInfo> infos = new ArrayList<>(features.size());
        for (String feature : features) {
            // The six-argument form: RealInfo(name) leaves min > max and the model cannot be reloaded.
            infos.add(new RealInfo(feature, 0, 0.0, 0.0, 0.0, 0.0));
        }
        this.featureMap = new ImmutableFeatureMap(infos);
        Map<Label, Integer> ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.put(new Label(labels.get(i)), i);
        }
        this.labelInfo = new LabelFactory().constructInfoForExternalModel(ids);
        this.columnOfFeature = new int[features.size()];
        for (int i = 0; i < features.size(); i++) {
            columnOfFeature[i] = featureMap.getID(features.get(i));
        }
    }

    public List<String> features() {
        return features;
    }

    public List<String> labels() {
        return labels;
    }

    public String negativeLabel() {
        return labels.get(0);
    }

    public String positiveLabel() {
        return labels.get(1);
    }

    public int featureCount() {
        return features.size();
    }

    ImmutableFeatureMap featureMap() {
        return featureMap;
    }

    ImmutableOutputInfo<Label> labelInfo() {
        return labelInfo;
    }

    /** Tribuo's column index (ids are assigned in name order) of the i-th study feature. */
    int column(int studyFeatureIndex) {
        return columnOfFeature[studyFeatureIndex];
    }

    int labelRow(String label) {
        return labelInfo.getID(new Label(label));
    }

    /** Refuses a record that does not fit this domain, naming it. */
    void check(LabeledRecord record) {
        if (!labels.contains(record.label())) {
            // Tribuo accepts an unknown label and fails later with index -1: refuse it here.
            throw new IllegalArgumentException("record " + record.sampleId() + " has label " + record.label()
                    + " outside the study's labels");
        }
        if (record.featuresView().length != features.size()) {
            throw new IllegalArgumentException("record " + record.sampleId() + " has " + record.featuresView().length
                    + " features, the study has " + features.size());
        }
    }

    /** A model of all zeros on this domain: the global model of round 1. */
    public ModelParameters zeroModel() {
        return ModelParameters.zeros(labels.size(), features.size() + 1);
    }
}
