package org.fedomics.consent.web;

import java.util.function.Function;

/**
 * The outcome of a service call: a value, or an expected failure with a reason from a small set.
 * Every router maps the reasons to HTTP statuses in one place ({@link ErrorResponses}).
 */
public sealed interface ServiceResult<T> {
    enum Reason { BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, UNAVAILABLE }

    record Success<T>(T value) implements ServiceResult<T> {
    }

    record Failure<T>(Reason reason, String message) implements ServiceResult<T> {
    }

    static <T> ServiceResult<T> ok(T value) {
        return new Success<>(value);
    }

    static <T> ServiceResult<T> fail(Reason reason, String message) {
        return new Failure<>(reason, message);
    }

    default boolean succeeded() {
        return this instanceof Success;
    }

    default <U> ServiceResult<U> flatMap(Function<T, ServiceResult<U>> f) {
        if (this instanceof Success<T> s) {
            return f.apply(s.value());
        }
        Failure<T> failure = (Failure<T>) this;
        return fail(failure.reason(), failure.message());
    }

    default <U> ServiceResult<U> map(Function<T, U> f) {
        if (this instanceof Success<T> s) {
            return ok(f.apply(s.value()));
        }
        Failure<T> failure = (Failure<T>) this;
        return fail(failure.reason(), failure.message());
    }
}
