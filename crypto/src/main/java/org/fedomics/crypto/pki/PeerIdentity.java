package org.fedomics.crypto.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Reads the participant identity (subject CN = name, OU = role) out of a consortium certificate. */
public final class PeerIdentity {

    private PeerIdentity() {
    }

    /**
     * The identity in the certificate's subject.
     *
     * @throws IllegalArgumentException if CN or OU is missing, repeated, or not a known role or valid name
     */
    public static ParticipantIdentity of(X509Certificate cert) {
        Objects.requireNonNull(cert, "cert");
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        String ou = single(subject, BCStyle.OU, "OU (role)");
        String cn = single(subject, BCStyle.CN, "CN (participant name)");
        return new ParticipantIdentity(Role.fromCertName(ou), cn);
    }

    private static String single(X500Name subject, ASN1ObjectIdentifier type, String what) {
        RDN[] rdns = subject.getRDNs(type);
        if (rdns.length == 0) {
            throw new IllegalArgumentException("certificate subject has no " + what);
        }
        if (rdns.length > 1 || rdns[0].isMultiValued()) {
            throw new IllegalArgumentException("certificate subject has more than one " + what);
        }
        if (!(rdns[0].getFirst().getValue() instanceof ASN1String value)) {
            throw new IllegalArgumentException("certificate subject " + what + " is not a string");
        }
        return value.getString();
    }
}
