package org.fedomics.crypto.dp;

import java.util.Arrays;

/**
 * A mechanism's Rényi differential privacy at a fixed set of orders: for each order alpha, the
 * epsilon(alpha) bounding the Rényi divergence of order alpha between its outputs on two
 * neighbouring datasets. Running mechanisms one after the other adds their curves; the curve
 * converts to an (epsilon, delta) guarantee. Immutable.
 */
public final class RdpCurve {
    private final double[] orders;
    private final double[] epsilons;

    private RdpCurve(double[] orders, double[] epsilons) {
        this.orders = orders;
        this.epsilons = epsilons;
    }

    /**
     * The orders Google's {@code dp_accounting} uses by default: 1 + x/10 for x = 1..99, then
     * 11..63, then 128, 256, 512, 1024.
     */
    public static double[] defaultOrders() {
        double[] orders = new double[99 + 53 + 4];
        int i = 0;
        for (int x = 1; x <= 99; x++) {
            orders[i++] = 1 + x / 10.0;
        }
        for (int order = 11; order <= 63; order++) {
            orders[i++] = order;
        }
        for (int order : new int[] {128, 256, 512, 1024}) {
            orders[i++] = order;
        }
        return orders;
    }

    /** A curve from given values; epsilons must be >= 0 (infinity allowed: no guarantee at that order). */
    public static RdpCurve of(double[] orders, double[] epsilons) {
        checkOrders(orders);
        if (epsilons.length != orders.length) {
            throw new IllegalArgumentException(orders.length + " orders need as many RDP values, got " + epsilons.length);
        }
        for (int i = 0; i < epsilons.length; i++) {
            if (!(epsilons[i] >= 0)) {
                throw new IllegalArgumentException("RDP value at order " + orders[i] + " must be >= 0, got " + epsilons[i]);
            }
        }
        return new RdpCurve(orders.clone(), epsilons.clone());
    }

    /** No privacy spent yet: zero at every order. */
    public static RdpCurve zero(double[] orders) {
        checkOrders(orders);
        return new RdpCurve(orders.clone(), new double[orders.length]);
    }

    static void checkOrders(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one Rényi order is needed");
        }
        for (double order : orders) {
            if (!(order > 1) || Double.isInfinite(order)) {
                throw new IllegalArgumentException("a Rényi order must be a finite number > 1, got " + order);
            }
        }
    }

    public double[] orders() {
        return orders.clone();
    }

    public double[] epsilons() {
        return epsilons.clone();
    }

    /** The composition of this mechanism and then {@code other}: RDP adds at each order. */
    public RdpCurve plus(RdpCurve other) {
        if (!Arrays.equals(orders, other.orders)) {
            throw new IllegalArgumentException("RDP curves compose only over the same orders");
        }
        double[] sum = new double[orders.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = epsilons[i] + other.epsilons[i];
        }
        return new RdpCurve(orders, sum);
    }

    /** This mechanism run {@code count} times. */
    public RdpCurve times(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of steps must be >= 0, got " + count);
        }
        double[] product = new double[orders.length];
        for (int i = 0; i < product.length; i++) {
            // 0 steps of a mechanism without guarantee spend nothing (0 * infinity would be NaN)
            product[i] = count == 0 ? 0 : epsilons[i] * count;
        }
        return new RdpCurve(orders, product);
    }

    /**
     * The smallest epsilon over the orders such that the mechanism is (epsilon, delta)-DP, by the
     * conversion of Balle et al. (2020, Proposition 12) and Asoodeh et al. (2021):
     * epsilon = rdp(alpha) + log((alpha - 1) / alpha) - (log delta + log alpha) / (alpha - 1).
     */
    public PrivacySpend toDp(double delta) {
        PrivacySpend.checkDelta(delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.length; i++) {
            double alpha = orders[i];
            double rdp = epsilons[i];
            double epsilon;
            if (delta * delta + Math.expm1(-rdp) > 0) {
                // delta already exceeds what the KL divergence allows: sqrt(1 - exp(-rdp)) < delta
                epsilon = 0;
            } else if (alpha > 1.01) {
                epsilon = rdp + Math.log1p(-1 / alpha) - Math.log(delta * alpha) / (alpha - 1);
            } else {
                // the bound is numerically unstable as alpha approaches 1, and useless there anyway
                epsilon = Double.POSITIVE_INFINITY;
            }
            if (epsilon < best) {
                best = epsilon;
                bestOrder = alpha;
            }
        }
        return new PrivacySpend(Math.max(0, best), delta, bestOrder);
    }

    @Override
    public String toString() {
        return "RdpCurve(" + orders.length + " orders)";
    }
}
