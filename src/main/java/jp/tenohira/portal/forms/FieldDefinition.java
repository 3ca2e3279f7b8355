package jp.tenohira.portal.forms;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * One field of a procedure's form. The hierarchy is sealed so that validation, display
 * and rendering are exhaustive over field types.
 */
public sealed interface FieldDefinition {

	/**
	 * What every field has: id, label, help, whether required, when shown, and for fields
	 * the server fills from the My Number card, which of its attributes ({@code null}
	 * otherwise).
	 */
	record Basics(String id, LocalizedText label, LocalizedText help, boolean required, Condition when,
			CardAttribute fromCard) {

		public Basics(String id, LocalizedText label, LocalizedText help, boolean required, Condition when) {
			this(id, label, help, required, when, null);
		}

	}

	Basics basics();

	FieldType type();

	default String id() {
		return basics().id();
	}

	default LocalizedText label() {
		return basics().label();
	}

	default boolean required() {
		return basics().required();
	}

	default Condition when() {
		return basics().when();
	}

	/**
	 * The card attribute the server fills this field from; such a field is read-only and
	 * its posted value is ignored.
	 */
	default Optional<CardAttribute> fromCard() {
		return Optional.ofNullable(basics().fromCard());
	}

	/**
	 * The input names (below the field's own key) this type posts; empty for
	 * single-valued fields.
	 */
	default List<String> parts() {
		return List.of();
	}

	/** Safe named formats for short text; no free regular expressions in definitions. */
	enum TextFormat {

		DIGITS, KATAKANA, ALPHANUMERIC

	}

	/** How a choice is shown. */
	enum ChoiceStyle {

		RADIO, SELECT, CHECKBOX

	}

	/** An allowed choice. */
	record Option(String value, LocalizedText label) {
	}

	/** A date bound: a fixed date or "today" in the city's time zone. */
	record DateBound(LocalDate fixed) {

		static final DateBound TODAY = new DateBound(null);

		LocalDate resolve(LocalDate today) {
			return (this.fixed != null) ? this.fixed : today;
		}

	}

	/** Accepted attachment kinds, checked by the file's leading bytes, not its name. */
	enum FileKind {

		PDF("application/pdf", new byte[] { '%', 'P', 'D', 'F', '-' }),
		JPEG("image/jpeg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF }),
		PNG("image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });

		private final String mediaType;

		private final byte[] magic;

		FileKind(String mediaType, byte[] magic) {
			this.mediaType = mediaType;
			this.magic = magic;
		}

		public String mediaType() {
			return this.mediaType;
		}

		public boolean matches(byte[] head) {
			if (head.length < this.magic.length) {
				return false;
			}
			for (int i = 0; i < this.magic.length; i++) {
				if (head[i] != this.magic[i]) {
					return false;
				}
			}
			return true;
		}

	}

	record TextField(Basics basics, int minLength, int maxLength, TextFormat format) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.TEXT;
		}
	}

	record TextAreaField(Basics basics, int minLength, int maxLength) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.TEXTAREA;
		}
	}

	record NumberField(Basics basics, Long min, Long max, LocalizedText unit) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.NUMBER;
		}
	}

	record YenField(Basics basics, Long min, Long max) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.YEN;
		}
	}

	record DateField(Basics basics, DateBound min, DateBound max) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.DATE;
		}
	}

	record ChoiceField(Basics basics, ChoiceStyle style, List<Option> options) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.CHOICE;
		}

		public boolean hasOption(String value) {
			return this.options.stream().anyMatch((o) -> o.value().equals(value));
		}
	}

	record NameField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.NAME;
		}

		@Override
		public List<String> parts() {
			return List.of("family", "given", "family-kana", "given-kana");
		}
	}

	record AddressField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.ADDRESS;
		}

		@Override
		public List<String> parts() {
			return List.of("postal-code", "line1", "line2");
		}
	}

	record PhoneField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.PHONE;
		}
	}

	record EmailField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.EMAIL;
		}
	}

	record BankAccountField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.BANK_ACCOUNT;
		}

		@Override
		public List<String> parts() {
			return List.of("bank", "branch", "kind", "number", "holder");
		}
	}

	record GroupField(Basics basics, List<FieldDefinition> fields, int minItems, int maxItems,
			LocalizedText itemLabel) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.GROUP;
		}
	}

	record FileField(Basics basics, Set<FileKind> accept, int maxSizeKb) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.FILE;
		}

		@Override
		public List<String> parts() {
			return List.of("name", "size");
		}
	}

	record ConsentField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.CONSENT;
		}
	}

	/**
	 * 個人番号: stored only as ciphertext to the staff side's key (see the {@code mynumber}
	 * feature); its stored value is never shown to anyone as typed.
	 */
	record MyNumberField(Basics basics) implements FieldDefinition {
		@Override
		public FieldType type() {
			return FieldType.MY_NUMBER;
		}
	}

}
