package org.infusiontracker;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import org.infusiontracker.api.OpenApiValidation;

/**
 * Gives every REST Assured request the default test token unless it carries an Authorization
 * header of its own; a request with the header {@value #NO_TOKEN} goes without any. Every answer is
 * checked against the OpenAPI document by {@link OpenApiValidation}.
 */
public class DefaultTokenFilter implements Filter, QuarkusTestBeforeEachCallback {

    public static final String NO_TOKEN = "X-Test-No-Token";

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        // Outermost first: the document check sees the answer to the request as this filter sends it.
        RestAssured.replaceFiltersWith(OpenApiValidation.FILTER, this);
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(NO_TOKEN)) {
            request.removeHeader(NO_TOKEN);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", TestTokens.bearer(TestTokens.DEFAULT));
        }
        return context.next(request, response);
    }
}
