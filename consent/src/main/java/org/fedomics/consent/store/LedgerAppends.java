package org.fedomics.consent.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedomics.consent.ledger.CommitmentKey;
import org.fedomics.consent.ledger.Frontier;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.LeafData;
import org.fedomics.consent.ledger.LedgerEvent;
import org.fedomics.consent.ledger.Node;
import org.fedomics.consent.ledger.Rfc6962;

/**
 * Appends ledger leaves inside the transaction of the write they record, so a consent change or a
 * use and its leaf commit together or not at all. The log stays locked from the first append to
 * the end of that transaction.
 */
final class LedgerAppends {
    /** One leaf to append: the patient it is about and what happened. */
    record Entry(String pseudonym, LedgerEvent event) {
        Entry {
            Objects.requireNonNull(pseudonym, "pseudonym");
            Objects.requireNonNull(event, "event");
        }
    }

    private final SecureRandom random;

    LedgerAppends(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Appends one leaf per entry, in order, within {@code c}'s open transaction. */
    void append(Connection c, List<Entry> entries, Instant at) throws SQLException {
        long size = JdbcLedgerNodes.size(c, true);
        Frontier frontier = new JdbcLedgerNodes(c).frontier(size);
        Map<String, CommitmentKey> keys = new HashMap<>();
        try (PreparedStatement leaves = c.prepareStatement(
                "INSERT INTO ledger_leaf (leaf_index, leaf_data, leaf_hash) VALUES (?, ?, ?)");
             PreparedStatement events = c.prepareStatement(
                     "INSERT INTO ledger_event (leaf_index, pseudonym, body) VALUES (?, ?, ?)");
             PreparedStatement nodes = c.prepareStatement(
                     "INSERT INTO ledger_node (node_level, node_index, node_hash) VALUES (?, ?, ?)")) {
            for (Entry entry : entries) {
                CommitmentKey key = keys.get(entry.pseudonym());
                if (key == null) {
                    key = commitmentKey(c, entry.pseudonym(), at);
                    keys.put(entry.pseudonym(), key);
                }
                byte[] body = entry.event().body();
                Hash bodyHash = Rfc6962.sha256(body);
                LeafData data = new LeafData(key.commit(entry.pseudonym(), bodyHash), bodyHash);
                long index = frontier.size();
                List<Node> created = frontier.append(data.leafHash());
                leaves.setLong(1, index);
                leaves.setBytes(2, data.bytes());
                leaves.setBytes(3, created.get(0).hash().bytes());
                leaves.addBatch();
                events.setLong(1, index);
                events.setString(2, entry.pseudonym());
                events.setBytes(3, body);
                events.addBatch();
                for (Node node : created.subList(1, created.size())) {
                    nodes.setInt(1, node.id().level());
                    nodes.setLong(2, node.id().index());
                    nodes.setBytes(3, node.hash().bytes());
                    nodes.addBatch();
                }
            }
            leaves.executeBatch();
            events.executeBatch();
            nodes.executeBatch();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE ledger_state SET tree_size = ? WHERE id = 1 AND tree_size = ?")) {
            update.setLong(1, frontier.size());
            update.setLong(2, size);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("the ledger grew while it was locked");
            }
        }
    }

    /** The patient's commitment key, made now if this is their first entry (the log lock makes that race-free). */
    private CommitmentKey commitmentKey(Connection c, String pseudonym, Instant at) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT commitment_key FROM ledger_commitment_key WHERE pseudonym = ?")) {
            select.setString(1, pseudonym);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return CommitmentKey.of(row.getBytes("commitment_key"));
                }
            }
        }
        CommitmentKey key = CommitmentKey.generate(random);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ledger_commitment_key (pseudonym, commitment_key, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, pseudonym);
            insert.setBytes(2, key.bytes());
            JdbcTransactions.setInstant(insert, 3, at);
            insert.executeUpdate();
        }
        return key;
    }
}
