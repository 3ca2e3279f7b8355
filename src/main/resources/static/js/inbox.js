/*
 * Section inbox: new arrivals and changes without reloading. Listens to the section's
 * event stream (server-sent events), puts a new submission at the top of the list when
 * the list shows arrivals there, marks changed rows, and announces arrivals in the page's
 * live region. Everything is built with DOM methods and textContent, never as HTML.
 */
(function () {
	'use strict';
	var live = document.getElementById('inbox-live');
	var rows = document.getElementById('inbox-rows');
	var template = document.getElementById('inbox-row-template');
	if (!live || !rows || !template || !window.EventSource) {
		return;
	}
	var accepted = (live.getAttribute('data-statuses') || '').split(' ');
	var procedure = live.getAttribute('data-procedure') || '';
	var insertOnTop = live.getAttribute('data-insert') === 'true';

	function announce(text) {
		// a fresh text node each time, so that screen readers read it again
		live.textContent = '';
		window.setTimeout(function () { live.textContent = text; }, 50);
	}

	function rowOf(id) {
		var all = rows.querySelectorAll('tr[data-id]');
		for (var i = 0; i < all.length; i++) {
			if (all[i].getAttribute('data-id') === id) {
				return all[i];
			}
		}
		return null;
	}

	function field(row, name) {
		return row.querySelector('[data-field="' + name + '"]');
	}

	function setStatus(row, data) {
		var status = field(row, 'status');
		if (status) {
			status.textContent = data.statusLabel;
			status.className = data.statusClass;
		}
		var revision = field(row, 'revision');
		if (revision) {
			revision.textContent = String(data.revision);
		}
		row.classList.add('changed');
	}

	function insert(data) {
		var row = template.content.firstElementChild.cloneNode(true);
		row.setAttribute('data-id', data.id);
		var box = row.querySelector('input[type="checkbox"]');
		var link = field(row, 'receipt');
		link.id = 'receipt-' + data.id;
		link.href = data.url;
		link.textContent = data.receiptNumber;
		if (box) {
			box.value = data.id;
			box.setAttribute('aria-labelledby', 'select-label receipt-' + data.id);
		}
		field(row, 'procedure').textContent = data.procedureTitle;
		var time = field(row, 'received');
		time.setAttribute('datetime', data.receivedIso);
		time.textContent = data.receivedAt;
		setStatus(row, data);
		rows.insertBefore(row, rows.firstChild);
		var empty = document.getElementById('inbox-empty');
		if (empty) {
			empty.hidden = true;
		}
	}

	function read(event) {
		try {
			return JSON.parse(event.data);
		}
		catch (e) {
			return null;
		}
	}

	var source = new EventSource(live.getAttribute('data-events'));
	source.addEventListener('arrival', function (event) {
		var data = read(event);
		if (!data) {
			return;
		}
		var existing = rowOf(data.id);
		if (existing) {
			setStatus(existing, data);
		}
		else if (insertOnTop && accepted.indexOf(data.status) >= 0 && (procedure === '' || procedure === data.procedure)) {
			insert(data);
		}
		announce(live.getAttribute('data-arrival').replace('{0}', data.receiptNumber));
	});
	source.addEventListener('change', function (event) {
		var data = read(event);
		var row = data && rowOf(data.id);
		if (row) {
			setStatus(row, data);
		}
	});
	source.addEventListener('departure', function (event) {
		var data = read(event);
		var row = data && rowOf(data.id);
		if (row) {
			var status = field(row, 'status');
			if (status) {
				status.textContent = live.getAttribute('data-departed');
				status.className = 'status';
			}
			row.classList.add('changed');
		}
	});
	source.addEventListener('resync', function () {
		announce(live.getAttribute('data-resync'));
	});
	window.addEventListener('pagehide', function () {
		source.close();
	});
})();
