package org.fedomics.coordinator.release;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.ParameterDigest;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactVerifier;

/**
 * Checks a downloaded release: the manifest must be exactly what the coordinator signed, and the
 * model bytes (and the consortium standardization, if the model uses one) must have the digests
 * the manifest names.
 */
public final class ReleaseVerifier {
    private final ArtifactVerifier verifier;

    public ReleaseVerifier(X509Certificate coordinatorCertificate) {
        this.verifier = ArtifactVerifier.forCertificate(coordinatorCertificate, ReleaseSigner.TYPE);
    }

    /**
     * Checks a release as published: the signature and model as {@link #verify(String, byte[])} does,
     * and that the manifest shown beside the signature (its fairness audit included) is exactly the
     * one signed.
     */
    public ReleaseManifest verify(SignedRelease release, byte[] modelBytes) throws GeneralSecurityException {
        ReleaseManifest signed = verify(release.signature(), modelBytes);
        if (!signed.equals(release.manifest())) {
            throw new GeneralSecurityException("the published manifest differs from the signed one");
        }
        return signed;
    }

    public ReleaseManifest verify(String signature, byte[] modelBytes) throws GeneralSecurityException {
        ReleaseManifest signed = StrictJson.readTrusted(verifier.verify(signature), ReleaseManifest.class);
        if (!signed.modelSha256().equals(ParameterDigest.sha256(modelBytes))) {
            throw new GeneralSecurityException("the model does not match the signed release");
        }
        return signed;
    }

    /**
     * Checks the standardization downloaded beside a verified release against the digest the
     * manifest names, and decodes it.
     */
    public FeatureStandardization verifyStandardization(ReleaseManifest verified, byte[] standardizationBytes)
            throws GeneralSecurityException {
        if (verified.standardizationSha256() == null) {
            throw new GeneralSecurityException("the release names no consortium standardization");
        }
        if (!verified.standardizationSha256().equals(ParameterDigest.sha256(standardizationBytes))) {
            throw new GeneralSecurityException("the standardization does not match the signed release");
        }
        return FeatureStandardization.decode(standardizationBytes);
    }
}
