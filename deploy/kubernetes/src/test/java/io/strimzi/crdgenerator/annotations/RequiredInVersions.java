package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Same name and member as Strimzi's own annotation on its model classes (io.strimzi:api), so that reflection can read
 * it: the artifact that declares it (io.strimzi:crd-generator) is not published to Maven Central. See StrimziModels.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface RequiredInVersions {
    String value();
}
