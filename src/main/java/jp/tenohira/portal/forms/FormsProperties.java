package jp.tenohira.portal.forms;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where procedure definitions live.
 *
 * @param location the folder holding procedure YAML files,
 * {@code schema/procedure.schema.json} and {@code config/*.yaml}
 * @param maxUploadKb the largest attachment any definition may allow, in KiB
 */
@ConfigurationProperties("portal.forms")
public record FormsProperties(Path location, Integer maxUploadKb) {

	public FormsProperties {
		location = (location != null) ? location : Path.of("forms");
		maxUploadKb = (maxUploadKb != null) ? maxUploadKb : 10240;
	}

}
