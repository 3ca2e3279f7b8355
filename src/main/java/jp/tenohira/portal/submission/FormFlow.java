package jp.tenohira.portal.submission;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jp.tenohira.portal.forms.AnswerValidator;
import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FieldProblem;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;

/**
 * Moving through a form: which page comes next or before for the answers so far, how far
 * along the resident is, and whether the whole application is ready to submit. Pure;
 * conditions are re-evaluated at every step.
 */
final class FormFlow {

	private FormFlow() {
	}

	static Optional<Page> next(ProcedureDefinition definition, Answers answers, String pageId) {
		List<Page> pages = definition.visiblePages(answers);
		int index = indexOf(definition, pages, pageId);
		return (index + 1 < pages.size()) ? Optional.of(pages.get(index + 1)) : Optional.empty();
	}

	static Optional<Page> previous(ProcedureDefinition definition, Answers answers, String pageId) {
		List<Page> pages = definition.visiblePages(answers);
		int index = indexOf(definition, pages, pageId);
		return (index > 0) ? Optional.of(pages.get(index - 1)) : Optional.empty();
	}

	/**
	 * 1-based step of this page among the visible pages, and the total (the check page is
	 * the last step).
	 */
	static int[] progress(ProcedureDefinition definition, Answers answers, String pageId) {
		List<Page> pages = definition.visiblePages(answers);
		int index = indexOf(definition, pages, pageId);
		return new int[] { Math.max(index, 0) + 1, pages.size() + 1 };
	}

	/**
	 * The first visible page with a problem, if any: where a submit that is not ready
	 * sends the resident.
	 */
	static Optional<Page> firstPageWithProblems(ProcedureDefinition definition, Answers answers, LocalDate today) {
		return definition.visiblePages(answers)
			.stream()
			.filter((p) -> !problems(definition, p, answers, today).isEmpty())
			.findFirst();
	}

	/**
	 * Problems with the page's answers, judged only on the answers that count (hidden
	 * fields are ignored).
	 */
	static List<FieldProblem> problems(ProcedureDefinition definition, Page page, Answers answers, LocalDate today) {
		return AnswerValidator.validate(page, definition.visibleAnswers(answers), today);
	}

	private static int indexOf(ProcedureDefinition definition, List<Page> visible, String pageId) {
		for (int i = 0; i < visible.size(); i++) {
			if (visible.get(i).id().equals(pageId)) {
				return i;
			}
		}
		// A page that is hidden now: place it by its position among all pages.
		int position = definition.pages().indexOf(definition.page(pageId).orElseThrow());
		int before = 0;
		for (Page page : visible) {
			if (definition.pages().indexOf(page) < position) {
				before++;
			}
		}
		return before - 1;
	}

}
