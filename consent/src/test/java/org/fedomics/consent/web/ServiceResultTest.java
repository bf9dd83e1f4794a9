package org.fedomics.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.junit.jupiter.api.Test;

class ServiceResultTest {

    @Test
    void map_onSuccess_appliesTheFunction() {
        ServiceResult<Integer> result = ServiceResult.ok("abc").map(String::length);

        assertThat(result).isEqualTo(ServiceResult.ok(3));
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void map_onSuccessToNull_isASuccessOfNull() {
        assertThat(ServiceResult.ok("abc").map(s -> null)).isEqualTo(ServiceResult.ok(null));
    }

    @Test
    void map_onFailure_keepsReasonAndMessageWithoutCallingTheFunction() {
        AtomicBoolean called = new AtomicBoolean();

        ServiceResult<Integer> result = ServiceResult.<String>fail(Reason.NOT_FOUND, "no consent").map(s -> {
            called.set(true);
            return s.length();
        });

        assertThat(result).isEqualTo(ServiceResult.fail(Reason.NOT_FOUND, "no consent"));
        assertThat(result.succeeded()).isFalse();
        assertThat(called).isFalse();
    }

    @Test
    void flatMap_onSuccess_returnsTheNextResultSuccessOrFailure() {
        assertThat(ServiceResult.ok(2).flatMap(n -> ServiceResult.ok(n * 2))).isEqualTo(ServiceResult.ok(4));
        assertThat(ServiceResult.ok(2).<Integer>flatMap(n -> ServiceResult.fail(Reason.CONFLICT, "changed")))
                .isEqualTo(ServiceResult.fail(Reason.CONFLICT, "changed"));
    }

    @Test
    void flatMap_onFailure_keepsTheFirstFailureWithoutCallingTheFunction() {
        AtomicBoolean called = new AtomicBoolean();

        ServiceResult<Integer> result = ServiceResult.<Integer>fail(Reason.FORBIDDEN, "not yours").flatMap(n -> {
            called.set(true);
            return ServiceResult.ok(n);
        });

        assertThat(result).isEqualTo(ServiceResult.fail(Reason.FORBIDDEN, "not yours"));
        assertThat(called).isFalse();
    }
}
