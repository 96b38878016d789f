package dev.credbroker.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page, so that errors raised outside a controller (by the servlet
 * container, by a filter) are Problem Details too. It never reads the exception.
 */
@RestController
class ApiErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value && value >= 400) ? value : 500;
		ApiProblem problem = ApiProblem.forStatus(status);
		ProblemDetail body = problem.apply(ProblemDetail.forStatus(status));
		body.setDetail(problem.status().value() == status ? problem.status().getReasonPhrase() : "Request failed");
		return ResponseEntity.status(status).body(body);
	}

}
