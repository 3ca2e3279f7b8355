package jp.tenohira.portal.web;

import java.time.Clock;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * Web wiring: the language resolver, a {@link Lang} controller argument and the city
 * clock.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {

	@Bean
	LocaleContextResolver localeContextResolver() {
		return new LanguageResolver();
	}

	@Bean
	Clock clock() {
		return Clock.system(CityTime.ZONE);
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == Lang.class;
			}

			@Override
			public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
					ServerWebExchange exchange) {
				return Mono.just(LanguageResolver.lang(exchange));
			}

		});
	}

}
