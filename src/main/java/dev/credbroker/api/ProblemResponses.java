package dev.credbroker.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ProblemDetail;

/**
 * The Problem Details a keys operation may answer with, for the OpenAPI description.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApiResponse(responseCode = "400", description = "A name breaks Azure's naming rules, or fields/reveal is malformed",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class),
				examples = @ExampleObject(value = ApiExamples.INVALID_PARAMETER)))
@ApiResponse(responseCode = "401", description = "No valid token",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class),
				examples = @ExampleObject(value = ApiExamples.UNAUTHENTICATED)))
@ApiResponse(responseCode = "403", description = "PolicyDenied or RevealDenied, decided before Azure is called",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class),
				examples = { @ExampleObject(name = "PolicyDenied", value = ApiExamples.POLICY_DENIED),
						@ExampleObject(name = "RevealDenied", value = ApiExamples.REVEAL_DENIED) }))
@ApiResponse(responseCode = "404", description = "ResourceNotFound: Azure has no such resource",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "429", description = "QuotaExceeded, with Retry-After",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "502", description = "UpstreamAuthorizationFailed or UpstreamBadResponse",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = "UpstreamUnavailable, IdentityUnavailable or AuditUnavailable, with Retry-After",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class),
				examples = @ExampleObject(value = ApiExamples.UPSTREAM_UNAVAILABLE)))
@ApiResponse(responseCode = "504", description = "UpstreamTimeout",
		content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@interface ProblemResponses {

}
