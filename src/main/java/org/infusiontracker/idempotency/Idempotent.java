package org.infusiontracker.idempotency;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that creates something as safe to retry: it honours the
 * {@value IdempotencyInterceptor#HEADER} header, so that a nurse's tablet that lost the answer
 * over bad Wi-Fi can send the request again and get the first answer back instead of a second
 * record. The method must return a {@link jakarta.ws.rs.core.Response}, since a replay answers
 * with the stored status, {@code Location} and body. See {@link IdempotencyInterceptor}.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {}
