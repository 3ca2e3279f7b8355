package jp.tenohira.portal.forms;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postal code to address from a Japan Post KEN_ALL-format file (Shift_JIS, 15 columns).
 */
class PostalCodeDirectoryTests {

	@Test
	void readsKenAllRowsAndCleansTownNames(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("KEN_ALL.CSV");
		String rows = String.join("\r\n",
				"07203,\"963  \",\"9630000\",\"ﾌｸｼﾏｹﾝ\",\"ｺｵﾘﾔﾏｼ\",\"ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ\",\"福島県\",\"郡山市\",\"以下に掲載がない場合\",0,0,0,0,0,0",
				"07203,\"963  \",\"9638024\",\"ﾌｸｼﾏｹﾝ\",\"ｺｵﾘﾔﾏｼ\",\"ｱｻﾋ\",\"福島県\",\"郡山市\",\"朝日\",0,0,1,0,0,0",
				"07203,\"96301\",\"9630111\",\"ﾌｸｼﾏｹﾝ\",\"ｺｵﾘﾔﾏｼ\",\"ｱﾀﾐﾏﾁ(ｿﾉﾀ)\",\"福島県\",\"郡山市\",\"熱海町（その他）\",0,0,0,0,0,0");
		Files.writeString(file, rows + "\r\n", Charset.forName("windows-31j"));
		PostalCodeDirectory directory = new PostalCodeDirectory(new PostalCodeDirectory.PostalProperties(file));
		assertThat(directory.isAvailable()).isTrue();
		assertThat(directory.find("963-8024")).contains("福島県郡山市朝日");
		assertThat(directory.find("9630000")).contains("福島県郡山市");
		assertThat(directory.find("963-0111")).contains("福島県郡山市熱海町");
		assertThat(directory.find("100-0001")).isEmpty();
	}

	@Test
	void withoutAFileAddressesAreTypedByHand() {
		assertThat(new PostalCodeDirectory(new PostalCodeDirectory.PostalProperties(null)).isAvailable()).isFalse();
	}

}
