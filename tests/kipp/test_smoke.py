def test_home_page_renders_in_indonesian(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Kompetisi Inovasi Pelayanan Publik" in response.content.decode()
