package org.infusiontracker.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * The HL7 validator HAPI FHIR servers run, offline: base R4, its profiles (the vital-signs ones
 * among them) and the code systems it carries. Built once per test JVM: loading the definitions
 * takes tens of seconds.
 */
final class R4Validator {

    static final FhirContext R4 = FhirContext.forR4();

    private static final FhirValidator VALIDATOR = build();

    private static FhirValidator build() {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4),
                new SnapshotGeneratingValidationSupport(R4));
        FhirValidator validator = R4.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
        return validator;
    }

    /** Every message the validator has on the resource (JSON), errors and warnings alike. */
    static synchronized List<SingleValidationMessage> messages(String json) {
        return VALIDATOR.validateWithResult(json).getMessages();
    }

    /** The errors (and fatal errors) among them, one line each, to read in a failed assertion. */
    static List<String> errors(List<SingleValidationMessage> messages) {
        return messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::line)
                .toList();
    }

    static List<String> warnings(List<SingleValidationMessage> messages) {
        return messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .map(R4Validator::line)
                .toList();
    }

    private static String line(SingleValidationMessage m) {
        return m.getLocationString() + ": " + m.getMessage();
    }

    private R4Validator() {}
}
