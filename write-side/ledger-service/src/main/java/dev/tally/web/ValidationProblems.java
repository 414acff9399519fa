package dev.tally.web;

import dev.tally.platform.problem.Problem;
import dev.tally.platform.web.Correlation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A command body that fails Bean Validation, as a 400 problem naming each field. Here rather than in the platform's
 * mappers because only the write side validates bodies with Bean Validation; the views do not carry Hibernate
 * Validator.
 */
public class ValidationProblems {

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-request", detail).withErrors(errors)
                .at(request.getUriInfo().getPath(), Correlation.of(request)).toResponse();
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
