package jp.tenohira.portal.catalog;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.FormsProperties;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.JapaneseText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search understands how residents type Japanese: full and half width, hiragana and
 * katakana, long vowels, spaces.
 */
class CatalogServiceTests {

	private static CatalogService catalog;

	@BeforeAll
	static void load() {
		catalog = new CatalogService(new FormRegistry(new FormsProperties(Path.of("forms"), 10240)));
	}

	@Test
	void readingsInHiraganaAndHalfWidthKatakanaFindChildAllowance() {
		assertThat(catalog.search("じどうてあて")).extracting(ProcedureDefinition::id).contains("jidou-teate-nintei");
		assertThat(catalog.search("ｼﾞﾄﾞｳﾃｱﾃ")).extracting(ProcedureDefinition::id).contains("jidou-teate-nintei");
		assertThat(catalog.search("児童手当")).first().extracting(ProcedureDefinition::id).isNotNull();
	}

	@Test
	void spacesLongVowelsAndWidthAreFolded() {
		assertThat(JapaneseText.searchKey("ソ ダ イ ゴミ")).isEqualTo(JapaneseText.searchKey("そだいごみ"));
		assertThat(JapaneseText.searchKey("ｺﾞﾐ")).isEqualTo("ごみ");
		assertThat(JapaneseText.searchKey("コーヒー")).isEqualTo(JapaneseText.searchKey("コヒ"));
		assertThat(JapaneseText.searchKey("ＡＢＣ　１２３")).isEqualTo("abc123");
		assertThat(catalog.search("粗大　ゴミ")).extracting(ProcedureDefinition::id).contains("sodai-gomi");
	}

	@Test
	void everyWordMustMatchAndTitlesComeFirst() {
		assertThat(catalog.search("ごみ 児童手当")).isEmpty();
		assertThat(catalog.search("   ")).isEmpty();
		assertThat(catalog.search("dog")).extracting(ProcedureDefinition::id).contains("inu-touroku");
	}

	@Test
	void browsingByLifeEventAndDepartment() {
		assertThat(catalog.byLifeEvent("garbage")).extracting(ProcedureDefinition::id).contains("sodai-gomi");
		assertThat(catalog.byDepartment("kodomo")).extracting(ProcedureDefinition::id).contains("jidou-teate-nintei");
	}

}
