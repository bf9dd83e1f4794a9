package org.fedomics.consent.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedomics.consent.ledger.Checkpoint;
import org.fedomics.consent.ledger.CommitmentKey;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.LeafData;
import org.fedomics.consent.ledger.LedgerEntry;
import org.fedomics.consent.ledger.MerkleTree;
import org.fedomics.consent.ledger.PatientLedger;
import org.fedomics.consent.ledger.SignedTreeHead;

/**
 * The tamper-evident ledger as stored beside the consents (same database, same migrations): its
 * size, roots and proofs at any size it has reached, each patient's entries, and the tree heads
 * the service signed. Leaves are appended only by {@link JdbcConsentStore#append} and
 * {@link JdbcUseLog#recordUse}, in the transaction of the change they record.
 */
public final class JdbcLedger {
    private final JdbcTransactions transactions;

    public JdbcLedger(DataSource dataSource) {
        this.transactions = new JdbcTransactions(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** How many leaves the log has. */
    public long size() {
        return transactions.inTransaction(c -> JdbcLedgerNodes.size(c, false));
    }

    /**
     * The root hash of the first {@code size} leaves.
     *
     * @throws IllegalArgumentException if the log has not reached that size
     */
    public Hash root(long size) {
        return transactions.inTransaction(c -> {
            requireReached(c, size);
            return new MerkleTree(new JdbcLedgerNodes(c)).root(size);
        });
    }

    /**
     * The consistency proof from the tree of {@code size1} leaves to the tree of {@code size2}.
     *
     * @throws IllegalArgumentException unless 0 <= size1 <= size2 <= the log's size
     */
    public List<Hash> consistencyProof(long size1, long size2) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("sizes must satisfy 0 <= from <= to, got from " + size1 + " and to " + size2);
        }
        return transactions.inTransaction(c -> {
            requireReached(c, size2);
            return new MerkleTree(new JdbcLedgerNodes(c)).consistencyProof(size1, size2);
        });
    }

    /**
     * The patient's entries among the first {@code treeSize} leaves, each with its inclusion proof
     * in that tree, read in one transaction.
     *
     * @throws IllegalArgumentException if the log has not reached {@code treeSize}
     */
    public PatientLedger patientLedger(String pseudonym, long treeSize) {
        Objects.requireNonNull(pseudonym, "pseudonym");
        return transactions.inTransaction(c -> {
            requireReached(c, treeSize);
            List<StoredEntry> stored = storedEntries(c, pseudonym, treeSize);
            MerkleTree tree = new MerkleTree(new JdbcLedgerNodes(c));
            Map<Long, List<Hash>> proofs = tree.inclusionProofs(stored.stream().map(StoredEntry::leafIndex).toList(), treeSize);
            List<LedgerEntry> entries = new ArrayList<>(stored.size());
            for (StoredEntry entry : stored) {
                entries.add(new LedgerEntry(entry.leafIndex(), entry.leafData(), entry.body(), proofs.get(entry.leafIndex())));
            }
            return new PatientLedger(pseudonym, treeSize, tree.root(treeSize), commitmentKey(c, pseudonym).orElse(null), entries);
        });
    }

    /** The tree head the service signed at this size, if it signed one. */
    public Optional<SignedTreeHead> signedHead(long size) {
        return transactions.inTransaction(c -> selectHead(c,
                "SELECT checkpoint, jws FROM ledger_signed_head WHERE tree_size = ?", size));
    }

    /** The largest tree head the service signed, if any. */
    public Optional<SignedTreeHead> latestSignedHead() {
        return transactions.inTransaction(c -> selectHead(c,
                "SELECT checkpoint, jws FROM ledger_signed_head ORDER BY tree_size DESC FETCH FIRST 1 ROWS ONLY"));
    }

    /**
     * Keeps a signed tree head; if one for that size was kept meanwhile (a concurrent signer),
     * returns that one instead, so there is one signed head per size.
     */
    public SignedTreeHead saveSignedHead(SignedTreeHead head, Instant signedAt) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(signedAt, "signedAt");
        try {
            transactions.inTransaction(c -> {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO ledger_signed_head (tree_size, checkpoint, jws, signed_at) VALUES (?, ?, ?, ?)")) {
                    insert.setLong(1, head.checkpoint().size());
                    insert.setString(2, head.checkpoint().text());
                    insert.setString(3, head.jws());
                    JdbcTransactions.setInstant(insert, 4, signedAt);
                    return insert.executeUpdate();
                } catch (SQLException e) {
                    if (JdbcTransactions.isConstraintViolation(e)) {
                        throw new ConflictException("a head of size " + head.checkpoint().size() + " was signed already", e);
                    }
                    throw e;
                }
            });
            return head;
        } catch (ConflictException e) {
            // another head of this size was kept first: it stands, one per size
            return signedHead(head.checkpoint().size()).orElseThrow(() -> e);
        }
    }

    private static void requireReached(Connection c, long size) throws SQLException {
        long current = JdbcLedgerNodes.size(c, false);
        if (size < 0 || size > current) {
            throw new IllegalArgumentException("tree size " + size + " is not one the ledger has reached (it has " + current + " leaves)");
        }
    }

    private record StoredEntry(long leafIndex, LeafData leafData, String body) {
    }

    private static List<StoredEntry> storedEntries(Connection c, String pseudonym, long treeSize) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT e.leaf_index, l.leaf_data, e.body FROM ledger_event e "
                + "JOIN ledger_leaf l ON l.leaf_index = e.leaf_index WHERE e.pseudonym = ? AND e.leaf_index < ? ORDER BY e.leaf_index")) {
            select.setString(1, pseudonym);
            select.setLong(2, treeSize);
            List<StoredEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long index = rows.getLong("leaf_index");
                    entries.add(new StoredEntry(index, LeafData.parse(rows.getBytes("leaf_data")), utf8(rows.getBytes("body"), index)));
                }
            }
            return entries;
        }
    }

    private static Optional<CommitmentKey> commitmentKey(Connection c, String pseudonym) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT commitment_key FROM ledger_commitment_key WHERE pseudonym = ?")) {
            select.setString(1, pseudonym);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(CommitmentKey.of(row.getBytes("commitment_key"))) : Optional.empty();
            }
        }
    }

    private static Optional<SignedTreeHead> selectHead(Connection c, String sql, long... parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setLong(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new SignedTreeHead(Checkpoint.parse(row.getString("checkpoint")), row.getString("jws")))
                        : Optional.empty();
            }
        }
    }

    private static String utf8(byte[] body, long leafIndex) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("the stored body of leaf " + leafIndex + " is not UTF-8", e);
        }
    }
}
