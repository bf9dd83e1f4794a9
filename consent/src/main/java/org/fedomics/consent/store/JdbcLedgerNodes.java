package org.fedomics.consent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedomics.consent.ledger.Frontier;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.NodeId;
import org.fedomics.consent.ledger.NodeReader;

/**
 * The ledger's complete subtrees as rows, read within one open transaction: leaves (level 0) from
 * ledger_leaf, higher levels from ledger_node, each in batches of at most {@value #BATCH} ids.
 */
final class JdbcLedgerNodes implements NodeReader {
    private static final int BATCH = 256;
    private final Connection connection;

    JdbcLedgerNodes(Connection connection) {
        this.connection = connection;
    }

    /** The log's size; with {@code lock}, also locks the log against other writers until the transaction ends. */
    static long size(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT tree_size FROM ledger_state WHERE id = 1" + (lock ? " FOR UPDATE" : ""));
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("the ledger_state row is missing");
            }
            return row.getLong("tree_size");
        }
    }

    /** The frontier of a log of {@code size} leaves, read from its stored subtrees. */
    Frontier frontier(long size) {
        List<NodeId> ids = Frontier.nodesOf(size);
        Map<NodeId, Hash> found = read(Set.copyOf(ids));
        List<Hash> subtrees = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            Hash hash = found.get(id);
            if (hash == null) {
                throw new IllegalStateException("the ledger's node " + id + " is missing");
            }
            subtrees.add(hash);
        }
        return Frontier.of(size, subtrees);
    }

    @Override
    public Map<NodeId, Hash> read(Set<NodeId> ids) {
        List<Long> leaves = new ArrayList<>();
        List<NodeId> inner = new ArrayList<>();
        for (NodeId id : ids) {
            if (id.level() == 0) {
                leaves.add(id.index());
            } else {
                inner.add(id);
            }
        }
        Map<NodeId, Hash> found = new HashMap<>();
        try {
            for (int from = 0; from < leaves.size(); from += BATCH) {
                readLeaves(leaves.subList(from, Math.min(leaves.size(), from + BATCH)), found);
            }
            for (int from = 0; from < inner.size(); from += BATCH) {
                readInner(inner.subList(from, Math.min(inner.size(), from + BATCH)), found);
            }
        } catch (SQLException e) {
            throw new StoreException("database error reading ledger nodes (SQLState " + e.getSQLState() + ")", e);
        }
        return found;
    }

    private void readLeaves(List<Long> indices, Map<NodeId, Hash> found) throws SQLException {
        String sql = "SELECT leaf_index, leaf_hash FROM ledger_leaf WHERE leaf_index IN ("
                + String.join(", ", Collections.nCopies(indices.size(), "?")) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < indices.size(); i++) {
                select.setLong(i + 1, indices.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new NodeId(0, rows.getLong("leaf_index")), Hash.of(rows.getBytes("leaf_hash")));
                }
            }
        }
    }

    private void readInner(List<NodeId> ids, Map<NodeId, Hash> found) throws SQLException {
        String sql = "SELECT node_level, node_index, node_hash FROM ledger_node WHERE (node_level, node_index) IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "(?, ?)")) + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setInt(2 * i + 1, ids.get(i).level());
                select.setLong(2 * i + 2, ids.get(i).index());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new NodeId(rows.getInt("node_level"), rows.getLong("node_index")), Hash.of(rows.getBytes("node_hash")));
                }
            }
        }
    }
}
