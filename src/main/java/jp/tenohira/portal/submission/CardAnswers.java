package jp.tenohira.portal.submission;

import java.util.List;
import java.util.Optional;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.CardAttribute;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.ProcedureDefinition;

/**
 * Fields a definition marks as coming from the My Number card hold what the card login
 * said (the 基本4情報 from userinfo), never what was posted: they are filled in on the server
 * whenever the draft is started, saved or submitted (S3).
 */
final class CardAnswers {

	private CardAnswers() {
	}

	static Answers fill(ProcedureDefinition definition, Answers answers, Applicant applicant) {
		Answers result = answers;
		for (FieldDefinition field : definition.allFields()) {
			Optional<CardAttribute> attribute = field.fromCard();
			if (attribute.isPresent()) {
				String value = applicant.card().get(attribute.get().claim());
				result = result.with(field.id(), (value != null) ? List.of(value) : List.of());
			}
		}
		return result;
	}

}
