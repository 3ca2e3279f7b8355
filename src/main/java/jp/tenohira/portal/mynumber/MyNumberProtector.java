package jp.tenohira.portal.mynumber;

import java.util.List;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;

/**
 * Runs on a page's posted answers before anything is stored: a valid My Number is
 * replaced by its encryption to the staff side's key, anything else typed into a My
 * Number field by the marker {@link MyNumberAnswer#INVALID} (so the page asks again and
 * the typed text is kept nowhere), and an empty field keeps the number stored earlier
 * (the page never sends it back, so it is never re-posted).
 */
public class MyNumberProtector {

	private final MyNumberSealer sealer;

	MyNumberProtector(MyNumberSealer sealer) {
		this.sealer = sealer;
	}

	/**
	 * The posted answers of {@code page} made safe to store; {@code stored} are the
	 * draft's answers before this post.
	 */
	public Answers protect(Page page, Answers posted, Answers stored) {
		Answers result = posted;
		for (FieldDefinition field : page.fields()) {
			if (field.type() != FieldType.MY_NUMBER) {
				continue;
			}
			String id = field.id();
			String typed = posted.first(id);
			if (typed.isEmpty()) {
				String kept = stored.first(id);
				result = result.with(id, MyNumberAnswer.isSealed(kept) ? List.of(kept) : List.of());
			}
			else {
				String digits = MyNumbers.normalize(typed);
				result = result.with(id,
						List.of(MyNumbers.isValid(digits) ? this.sealer.seal(digits) : MyNumberAnswer.INVALID));
			}
		}
		return result;
	}

}
