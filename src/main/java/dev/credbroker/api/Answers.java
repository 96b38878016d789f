package dev.credbroker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an operation may answer with, besides the ones every operation may
 * ({@code Unauthenticated}, {@code AuditUnavailable}, {@code InternalError}). The OpenAPI document
 * declares each as a Problem Details response with an example, from the {@link ApiProblem}
 * catalogue ({@link ProblemResponses}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface Answers {

	ApiProblem[] value();

}
